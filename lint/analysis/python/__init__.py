"""Questions about the project's Python code: parsing it, the modules that run on the platform,
which of their code runs in each cloud environment, and the values it computes there."""
