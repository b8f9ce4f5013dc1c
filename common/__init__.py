"""
Helpers every layer of the site shares: text and slugs, and the cache primitives that models,
views and middleware all use. Imports nothing of the project above it.
"""
