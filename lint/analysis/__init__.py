"""What runs on the platform: the serving mode, the project's Python modules, and their values."""
