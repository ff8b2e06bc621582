"""Process settings, read once from the environment; secrets are hidden in reprs."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseSettings, Field, SecretStr, root_validator

ROOT = Path(__file__).resolve().parent.parent
DEV_ACTION_SECRET = "dev-only-action-secret"
# Signs the decision log's checkpoints when CHAIN_KEY is unset: public, so it proves nothing, and
# `decisions verify` says so. Production refuses to start with it.
DEV_CHAIN_KEY = "dev-only-chain-key-anyone-can-sign-with-this"
MIN_CHAIN_KEY_CHARS = 32


class Settings(BaseSettings):
    """Process settings, read once from the environment; secrets are hidden in reprs."""

    environment: Literal["development", "test", "production"] = "development"
    council: str = "haringey"
    council_dir: Path | None = None
    var_dir: Path = ROOT / "var"
    database_url: str | None = None
    action_server_secret: SecretStr = SecretStr(DEV_ACTION_SECRET)
    actions_host: str = "127.0.0.1"
    actions_port: int = 5055
    rasa_port: int = 5005
    # Rasa listens on this machine only unless RASA_HOST says otherwise (0.0.0.0 behind a balancer).
    rasa_host: str = "127.0.0.1"
    # With a token, every REST call needs "Authorization: Bearer <token>"; without one, REST answers
    # this machine only, and production refuses to start with REST on.
    rest_token: SecretStr | None = None
    # credentials.yml (local) keeps REST on; credentials.prod.yml turns REST off and Telegram and Teams on.
    credentials: Path = ROOT / "credentials.yml"
    # HMAC-SHA256 key for the signed checkpoints of the decision log's chain heads (CHAIN_KEY).
    chain_key: SecretStr | None = None
    # The append-only checkpoint file, outside the database (CHAIN_CHECKPOINTS; default under var/).
    chain_checkpoints: Path | None = None
    # Messages one channel identity may send a minute, and how many at once; 0 a minute turns it off.
    rate_limit_per_minute: int = Field(default=30, ge=0)
    rate_limit_burst: int = Field(default=10, ge=1)
    # With several Rasa replicas: Redis for the lock store and for state every replica must share
    # (Telegram button payloads, update ids already handled). Without it, that state is per process.
    redis_url: str | None = None

    class Config:
        env_prefix = ""
        case_sensitive = False

    @root_validator(skip_on_failure=True)
    def _no_default_secret_in_production(cls, values: dict[str, Any]) -> dict[str, Any]:
        if values["environment"] != "production":
            return values
        problems = []
        secret: SecretStr = values["action_server_secret"]
        if secret.get_secret_value() == DEV_ACTION_SECRET:
            problems.append("ACTION_SERVER_SECRET must be set to a real secret in production")
        key: SecretStr | None = values["chain_key"]
        if key is None or key.get_secret_value() == DEV_CHAIN_KEY:
            problems.append("CHAIN_KEY must be set in production (it signs the decision-log checkpoints)")
        elif len(key.get_secret_value()) < MIN_CHAIN_KEY_CHARS:
            problems.append(f"CHAIN_KEY must be at least {MIN_CHAIN_KEY_CHARS} characters")
        if problems:
            raise ValueError("; ".join(problems))
        return values

    @property
    def council_path(self) -> Path:
        """The council data directory in use."""
        return self.council_dir or ROOT / "council" / self.council

    @property
    def db_url(self) -> str:
        """The decision-log database URL (SQLite under var/ unless DATABASE_URL is set)."""
        return self.database_url or f"sqlite:///{self.var_dir / 'practice.db'}"

    @property
    def checkpoints_path(self) -> Path:
        """The signed checkpoint file (var/chain-checkpoints.jsonl unless CHAIN_CHECKPOINTS is set)."""
        return self.chain_checkpoints or self.var_dir / "chain-checkpoints.jsonl"

    @property
    def chain_signing_key(self) -> tuple[bytes, bool]:
        """The checkpoint signing key, and True when it is the development key (CHAIN_KEY unset)."""
        if self.chain_key is None or self.chain_key.get_secret_value() == DEV_CHAIN_KEY:
            return DEV_CHAIN_KEY.encode(), True
        return self.chain_key.get_secret_value().encode(), False


def settings_from_env() -> Settings:
    """Settings from the current environment."""
    return Settings()
