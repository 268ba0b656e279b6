"""Nova's configuration in the sandbox: production defaults, and the few kept differences.

Nova's functional-test base (ConfFixture, test.TestCase, the API fixture)
changes defaults for its own tests. The sandbox puts each back to what a
production Nova 34 uses unless the sandbox cannot work without it; the
list, with the reason for every kept difference, is docs/sandbox.md (a unit
test checks that every option named here is in it).
"""

from __future__ import annotations

from typing import Any

#: Options the test base changes that go back to Nova's own default.
#: (group, option, what the test base sets)
RESTORED = (
    ("api", "response_validation", "error"),
    (None, "periodic_enable", False),
    (None, "debug", True),
    ("notifications", "notification_format", "both"),
    (None, "manager_shutdown_timeout", 0),
    ("filter_scheduler", "build_failure_weight_multiplier", 0.0),
    ("oslo_limit", "endpoint_id", "ENDPOINT_ID"),
)

#: Periodic tasks users see, at intervals for a laptop (group, option, value).
LAPTOP = (
    (None, "instance_usage_audit", True),
    (None, "sync_power_state_interval", 60),
    (None, "shelved_poll_interval", 30),
    (None, "periodic_fuzzy_delay", 10),
)

#: Differences kept because the sandbox needs them (the reasons are in the docs).
KEPT = (
    (None, "compute_driver", "fake.FakeDriver"),
    ("database", "connection", "sqlite"),
    ("api_database", "connection", "sqlite"),
    ("database", "sqlite_synchronous", False),
    (None, "transport_url", "fake://"),
    ("oslo_messaging_notifications", "driver", "test"),
    ("key_manager", "backend", "nova.keymgr.conf_key_mgr.ConfKeyManager"),
    ("wsgi", "api_paste_config", "the installed api-paste.ini"),
    ("glance", "api_servers", "in-process GlanceFixture"),
    ("oslo_concurrency", "lock_path", "a temporary directory"),
)


def restore_production_defaults(conf: Any) -> None:
    """Undo the test base's set_default/set_override for every RESTORED option."""
    for group, name, _test_value in RESTORED:
        conf.clear_override(name, group=group)
        conf.clear_default(name, group=group)


def apply_laptop_intervals(conf: Any) -> None:
    for group, name, value in LAPTOP:
        conf.set_override(name, value, group=group)
