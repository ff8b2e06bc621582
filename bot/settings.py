"""Process settings, read once from the environment; secrets are hidden in reprs."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseSettings, SecretStr, root_validator

ROOT = Path(__file__).resolve().parent.parent
DEV_ACTION_SECRET = "dev-only-action-secret"


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

    class Config:
        env_prefix = ""
        case_sensitive = False

    @root_validator(skip_on_failure=True)
    def _no_default_secret_in_production(cls, values: dict[str, Any]) -> dict[str, Any]:
        secret: SecretStr = values["action_server_secret"]
        if values["environment"] == "production" and secret.get_secret_value() == DEV_ACTION_SECRET:
            raise ValueError("ACTION_SERVER_SECRET must be set to a real secret in production")
        return values

    @property
    def council_path(self) -> Path:
        """The council data directory in use."""
        return self.council_dir or ROOT / "council" / self.council

    @property
    def db_url(self) -> str:
        """The decision-log database URL (SQLite under var/ unless DATABASE_URL is set)."""
        return self.database_url or f"sqlite:///{self.var_dir / 'practice.db'}"


def settings_from_env() -> Settings:
    """Settings from the current environment."""
    return Settings()
