"""Drop-in extensions: every module here is loaded as an extension."""
