"""python-novaclient's own library unit tests, run against computeclient.

See `hook.py` (the import hook) and `run.py` (`make novaclient-tests`).
"""
