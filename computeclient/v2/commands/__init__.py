"""Shell commands, one module per resource; gathered by computeclient.v2.shell."""
