"""`manage.py grant_role <username> reviewer|operator [--revoke]`: give or take a trading role.

Each role is a Django group holding exactly the permissions it needs; the command creates the
group (or resets its permissions) and adds the user to it, so the admin's Groups page shows
the same thing. Reviewing pairs and flipping the kill switch are the two trading controls; the
API, the dashboard and the admin check the same permissions (similarity/permissions.py,
trading/permissions.py). The admin also needs is_staff; the dashboard and the API do not.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

from similarity.permissions import REVIEW_PAIRS
from trading.permissions import SET_KILL_SWITCH

# role -> (group name, permissions as "app_label.codename").
ROLES = {
    # The review permission also approves outcome sets; the admin lists them with view_outcomeset.
    "reviewer": (
        "Pair reviewers",
        [REVIEW_PAIRS, "similarity.view_marketpair", "similarity.view_outcomeset"],
    ),
    "operator": ("Trading operators", [SET_KILL_SWITCH, "trading.view_killswitch"]),
}


def role_group(role: str) -> Group:
    """The role's group with exactly its permissions (created if missing). Idempotent."""
    name, perms = ROLES[role]
    group, _ = Group.objects.get_or_create(name=name)
    rows = []
    for perm in perms:
        app_label, codename = perm.split(".")
        rows.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.set(rows)
    return group


class Command(BaseCommand):
    help = "Grant (or --revoke) a role: reviewer (approve/reject pairs) or operator (kill switch)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ROLES))
        parser.add_argument("--revoke", action="store_true", help="take the role away instead")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            user = get_user_model().objects.get_by_natural_key(options["username"])
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user {options['username']!r}") from exc
        group = role_group(options["role"])
        if options["revoke"]:
            user.groups.remove(group)
            self.stdout.write(f"{user.get_username()}: no longer in {group.name!r}")
        else:
            user.groups.add(group)
            self.stdout.write(f"{user.get_username()}: now in {group.name!r} ({options['role']})")
