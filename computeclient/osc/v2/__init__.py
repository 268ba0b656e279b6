"""cliff commands of the plugin (group `openstack.computeclient.v2`)."""
