"""How a Resource reads the fields of its JSON object: attribute names for
API field names, and what each Resource class has learned of its fields."""

from __future__ import annotations

import re
from typing import Any, Iterable

_SLUG_STRIP = re.compile(r"[^\w\s-]")
_SLUG_HYPHEN = re.compile(r"[-\s]+")


def slugify(text: str) -> str:
    """A lowercase, hyphenated form of a name (what `human_id` returns)."""
    import unicodedata
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_HYPHEN.sub("-", _SLUG_STRIP.sub("", text).strip().lower())


def attribute_name(key: str) -> str:
    """The attribute a field is read as: "OS-EXT-STS:vm_state" -> "OS_EXT_STS_vm_state"."""
    return key.replace(":", "_").replace("-", "_")


class FieldPlan:
    """One per Resource class (its `_fields`, made with the class): the API
    fields seen so far, the attribute each is read as ("OS_EXT_STS_vm_state"
    -> "OS-EXT-STS:vm_state"), and those whose attribute name the class
    itself defines (they go through setattr). Per class, so that two classes
    whose different fields share an attribute name do not mix them up."""

    def __init__(self, cls: type) -> None:
        self.class_names = frozenset(name for klass in cls.__mro__ for name in vars(klass))
        self.known: frozenset[Any] = frozenset()
        self.via_setattr: dict[str, str] = {}
        self.field_of_attr: dict[str, str] = {}

    def learn(self, keys: Iterable[Any]) -> None:
        new = set(keys) - self.known
        if not new:
            return
        via_setattr, field_of_attr = dict(self.via_setattr), dict(self.field_of_attr)
        for key in new:
            if not isinstance(key, str):
                continue
            attr = attribute_name(key)
            if attr != key:
                field_of_attr.setdefault(attr, key)
            if attr in self.class_names:
                via_setattr[key] = attr
        # Replaced, never changed in place: threads may share a class.
        self.via_setattr, self.field_of_attr = via_setattr, field_of_attr
        self.known = self.known | new
