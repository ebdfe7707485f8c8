"""The rule families, one module each; `registry.all_rules` lists every rule."""
