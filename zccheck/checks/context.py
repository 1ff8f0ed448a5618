"""What a check sees: the pack, the item, the profile, and the files credited to the item."""

from __future__ import annotations

from dataclasses import dataclass

from zccheck.models import ClassifiedFile
from zccheck.pack.model import CheckSpec, Item, Pack
from zccheck.profile import Profile


@dataclass(frozen=True)
class ItemContext:
    pack: Pack
    item: Item
    profile: Profile
    files: tuple[ClassifiedFile, ...]
    spec: CheckSpec
    ocr_enabled: bool = False

    def param(self, key: str, default=None):
        """A check's parameter: from the item's check entry, else the pack's content.yaml defaults."""
        value = self.spec.param(key)
        if value is None:
            value = self.pack.content.get(self.spec.kind, {}).get(key) if isinstance(
                self.pack.content.get(self.spec.kind), dict) else None
        return default if value is None else value
