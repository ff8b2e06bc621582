"""A Redis lock store whose every change to a conversation's ticket lock is one atomic Lua script.

Rasa's open-source `RedisLockStore` issues a ticket by reading the lock, adding a ticket in Python and
writing it back (RasaHQ/rasa#9213): two replicas taking a message for the same conversation at the same
moment can both get ticket 0, and both answer at once. Here the read, the change and the write happen
inside Redis, so they cannot interleave. The stored value is Rasa's own `TicketLock` JSON, so
`get_lock` and Rasa's waiting loop work unchanged.

Configured in endpoints.yml:

    lock_store:
      type: bot.channels.lock_store.AtomicRedisLockStore
      url: ${REDIS_URL}        # redis://host:6379/1 (rediss:// for TLS)
      key_prefix: practice     # optional
"""

from __future__ import annotations

import json
import time
from typing import Any

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

DEFAULT_URL = "redis://127.0.0.1:6379/1"
# A lock whose every ticket has expired is deleted by Redis itself this long after its newest ticket.
KEY_MARGIN_SECONDS = 60

# KEYS[1]: the lock's key. ARGV: now, lifetime, conversation id, key lifetime in ms. Returns the new ticket.
_ISSUE = """
local now = tonumber(ARGV[1])
local kept = {}
local last = -1
local raw = redis.call('GET', KEYS[1])
if raw then
  for _, item in ipairs(cjson.decode(raw)['tickets'] or {}) do
    local ticket = cjson.decode(item)
    if ticket['expires'] >= now then
      table.insert(kept, item)
      last = ticket['number']
    end
  end
end
local number = last + 1
table.insert(kept, cjson.encode({number = number, expires = now + tonumber(ARGV[2])}))
redis.call('SET', KEYS[1], cjson.encode({conversation_id = ARGV[3], tickets = kept}), 'PX', ARGV[4])
return number
"""

# KEYS[1]: the lock's key. ARGV: now, the ticket to remove (or -1), whether to delete the lock when no
# ticket is left. Returns how many tickets are left.
_REMOVE = """
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local now = tonumber(ARGV[1])
local gone = tonumber(ARGV[2])
local lock = cjson.decode(raw)
local kept = {}
for _, item in ipairs(lock['tickets'] or {}) do
  local ticket = cjson.decode(item)
  if ticket['expires'] >= now and ticket['number'] ~= gone then table.insert(kept, item) end
end
if #kept == 0 and ARGV[3] == '1' then
  redis.call('DEL', KEYS[1])
  return 0
end
redis.call('SET', KEYS[1], cjson.encode({conversation_id = lock['conversation_id'], tickets = kept}), 'KEEPTTL')
return #kept
"""


class AtomicRedisLockStore(LockStore):
    """Ticket locks in Redis, issued and released by Lua scripts (safe with several Rasa replicas)."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        url: str | None = None,
        key_prefix: str | None = None,
        socket_timeout: float = 10.0,
        client: Any = None,
    ) -> None:
        kwargs = dict(endpoint_config.kwargs) if endpoint_config else {}
        address = url or (endpoint_config.url if endpoint_config else None) or DEFAULT_URL
        prefix = key_prefix or kwargs.get("key_prefix")
        self.red = client or redis.Redis.from_url(
            address, socket_timeout=float(kwargs.get("socket_timeout", socket_timeout))
        )
        self.key_prefix = f"{prefix}:lock:" if prefix else "lock:"
        self._issue = self.red.register_script(_ISSUE)
        self._remove = self.red.register_script(_REMOVE)
        super().__init__()

    def _key(self, conversation_id: str) -> str:
        return self.key_prefix + conversation_id

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """The conversation's lock as Rasa's `TicketLock`, or None."""
        raw = self.red.get(self._key(conversation_id))
        if not raw:
            return None
        data = json.loads(raw)
        # An empty Lua table is encoded as {} rather than [].
        data["tickets"] = data.get("tickets") or []
        return TicketLock.from_dict(data)

    def delete_lock(self, conversation_id: str) -> None:
        """Delete the conversation's lock."""
        self._log_deletion(conversation_id, bool(self.red.delete(self._key(conversation_id))))

    def save_lock(self, lock: TicketLock) -> None:
        """Write a whole lock (Rasa's interface; this store changes locks only through its scripts)."""
        self.red.set(self._key(lock.conversation_id), lock.dumps())

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """A new ticket for the conversation, expired tickets dropped, in one atomic step."""
        key_ms = int((lock_lifetime + KEY_MARGIN_SECONDS) * 1000)
        try:
            return int(
                self._issue(
                    keys=[self._key(conversation_id)], args=[time.time(), lock_lifetime, conversation_id, key_ms]
                )
            )
        except redis.RedisError as exc:
            raise LockError(f"Error while acquiring lock for conversation '{conversation_id}': {exc}") from exc

    def update_lock(self, conversation_id: str) -> None:
        """Drop expired tickets, atomically."""
        self._remove(keys=[self._key(conversation_id)], args=[time.time(), -1, "0"])

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        """Remove one ticket, atomically."""
        self._remove(keys=[self._key(conversation_id)], args=[time.time(), ticket_number, "0"])

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove one ticket and the lock itself when no one else waits, in one atomic step."""
        self._remove(keys=[self._key(conversation_id)], args=[time.time(), ticket_number, "1"])
