"""computeclient as an OpenStackClient plugin (`openstack.cli.extension`)."""
