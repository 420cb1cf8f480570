"""No models: the caches' tables are made after migrate (apps.py)."""
