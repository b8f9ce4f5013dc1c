"""The reader pages: stories and story lists (stories.py), places (places.py)."""
