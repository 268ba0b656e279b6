"""Quota classes: /os-quota-class-sets/{class}; Nova only honours 'default'.

2.50 dropped the network quotas from the class API and added the server
group ones to its answer; 2.57 dropped injected_file*.
"""

from __future__ import annotations

from typing import Any

from computeclient import base
from computeclient.v2 import quotas

#: The last microversion whose quota-class requests still take each field.
CLASS_FIELDS: dict[str, str | None] = dict(
    quotas.QUOTA_FIELDS, floating_ips="2.49", fixed_ips="2.49", security_groups="2.49",
    security_group_rules="2.49")


class QuotaClassSet(base.Resource):
    manager: QuotaClassSetManager

    def update(self, **updates: Any) -> QuotaClassSet:
        """`manager.update` for this class. Example: ``default.update(instances=20)``"""
        return self.manager.update(str(self.id), **updates)


class QuotaClassSetManager(base.Manager[QuotaClassSet]):
    resource_class = QuotaClassSet

    def get(self, class_name: str) -> QuotaClassSet:
        """The limits of a quota class; Nova uses only "default" (the defaults).

        Example: ``cs.quota_classes.get("default").instances``
        """
        return self._get(base.url_path("os-quota-class-sets", class_name), "quota_class_set")

    def update(self, class_name: str, **updates: Any) -> QuotaClassSet:
        """Change default limits for every project without its own.

        `updates`: quota fields; one this microversion does not know is InvalidArgument.
        Example: ``cs.quota_classes.update("default", instances=20)``
        """
        body = quotas.check_fields(self.api_version, updates, CLASS_FIELDS)
        return self._update(base.url_path("os-quota-class-sets", class_name),
                            {"quota_class_set": body}, "quota_class_set")
