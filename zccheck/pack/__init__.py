"""Rule packs: everything a notice says, as YAML, loaded and validated into frozen dataclasses."""
