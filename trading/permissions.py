"""Who may flip the kill switch: one permission, checked alike by the API, the dashboard and
the admin. The trading mode itself comes only from the environment (EVENTSARB_TRADING_MODE).

`trading.set_kill_switch` is given directly, through a group, or by being a superuser;
`manage.py grant_role <user> operator` grants it.
"""

from typing import Any

SET_KILL_SWITCH = "trading.set_kill_switch"


def can_set_kill_switch(user: Any) -> bool:
    """True if `user` may turn the kill switch on or off (has_perm is False for inactive users)."""
    return bool(user is not None and user.has_perm(SET_KILL_SWITCH))
