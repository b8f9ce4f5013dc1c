"""
Tests that need every place of the shipped gazetteer: each class calls tests.gazetteer.load_gazetteer().
One test worker runs this whole folder (tests/conftest.py), so the import happens once.
"""
