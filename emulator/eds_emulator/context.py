"""The per-request context handed to action handlers."""

import dataclasses


@dataclasses.dataclass
class Context:
    """What a handler may use: store, region (None for cbn), ids, clock, seeded RNG, caller identity."""

    store: object
    settings: object
    action: str
    service: str
    region: object
    region_id: str
    access_key_id: str
    request_id: str

    @property
    def rng(self):
        """The store's seeded random generator (ids and addresses are reproducible for a --seed)."""
        return self.store.rng

    def now(self):
        """Emulated time in seconds since the epoch (float)."""
        return self.store.now()

    def now_ms(self):
        """Emulated time in epoch milliseconds (int), the unit of VPN CreateTime fields."""
        return int(self.store.now() * 1000)
