"""pytest plugin: testscenarios' TestWithScenarios classes, one class per scenario.

pytest's unittest support cannot run them (such a test runs its scenarios
inside itself); testscenarios' own loader makes one class per scenario
(`AggregatesTest_session`), and so does this.
"""

from __future__ import annotations

import unittest

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str,
                              obj: object) -> list[pytest.Item | pytest.Collector] | None:
    scenarios = getattr(obj, "scenarios", None)
    if not (isinstance(obj, type) and scenarios and issubclass(obj, unittest.TestCase)):
        return None
    from _pytest.unittest import UnitTestCase
    items: list[pytest.Item | pytest.Collector] = []
    for label, attributes in scenarios:
        cls = type(f"{name}_{label}", (obj,), {**attributes, "scenarios": None})
        setattr(collector.obj, cls.__name__, cls)  # where pytest looks it up
        items.append(UnitTestCase.from_parent(collector, name=cls.__name__))
    return items
