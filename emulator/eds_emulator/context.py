"""The per-request context handed to action handlers."""


class Context:
    """What a handler may use: store, region (None for cbn), ids, clock, seeded RNG, caller identity."""

    def __init__(self, store, settings, action, service, region, region_id, access_key_id, request_id):
        self.store = store
        self.settings = settings
        self.action = action
        self.service = service
        self.region = region
        self.region_id = region_id
        self.access_key_id = access_key_id
        self.request_id = request_id
        self.rng = store.rng

    def now(self):
        """Emulated time in seconds since the epoch (float)."""
        return self.store.now()

    def now_ms(self):
        """Emulated time in epoch milliseconds (int), the unit of VPN CreateTime fields."""
        return int(self.store.now() * 1000)
