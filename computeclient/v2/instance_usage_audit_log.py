"""Instance usage audit logs: /os-instance_usage_audit_log (admin)."""

from __future__ import annotations

from computeclient import base


class InstanceUsageAuditLog(base.Resource):
    pass


class InstanceUsageAuditLogManager(base.Manager[InstanceUsageAuditLog]):
    resource_class = InstanceUsageAuditLog

    def get(self, before: str | None = None) -> InstanceUsageAuditLog:
        """The audit of the last period, or of the period ending before `before`.

        `before`: a time such as "2026-11-01 00:00:00" (admin).
        Example: ``cs.instance_usage_audit_log.get().total_errors``
        """
        url = (base.url_path("os-instance_usage_audit_log", before) if before
               else "/os-instance_usage_audit_log")
        return self._get(url, "instance_usage_audit_log" if before
                         else "instance_usage_audit_logs")
