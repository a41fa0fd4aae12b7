"""Who may review pairs: one permission, checked alike by the API, the dashboard and the admin.

Approving a pair lets it trade money, so being staff is not enough: the user needs
`similarity.review_marketpair` (given directly, through a group, or by being a superuser;
`manage.py grant_role <user> reviewer` grants it).
"""

from typing import Any

REVIEW_PAIRS = "similarity.review_marketpair"


def can_review_pairs(user: Any) -> bool:
    """True if `user` may approve or reject pairs (has_perm is False for inactive users)."""
    return bool(user is not None and user.has_perm(REVIEW_PAIRS))
