"""Dashboard forms: the pair list filters (the review form is similarity.forms.PairReviewForm)."""

from typing import Any

from django import forms

from platforms.registry import VENUES
from similarity.models import MarketPair
from trading.models import KILL_SWITCH_REASON_MAX


class PairFilterForm(forms.Form):
    """GET filters of the pair list; blank means "any"."""

    status = forms.ChoiceField(choices=[("", "any status"), *MarketPair.Status.choices], required=False)
    relation = forms.ChoiceField(
        choices=[("", "any relation"), *MarketPair.Relation.choices], required=False
    )
    platform = forms.ChoiceField(
        choices=[("", "any venue")] + [(slug, name) for slug, (_, name) in VENUES.items()],
        required=False,
    )
    q = forms.CharField(required=False, max_length=200, label="search")


class KillSwitchForm(forms.Form):
    """Flip the DB kill switch; stopping needs no reason, resuming does (it re-enables trading)."""

    enabled = forms.TypedChoiceField(
        choices=[("on", "stop trading"), ("off", "resume trading")], coerce=lambda v: v == "on"
    )
    reason = forms.CharField(required=False, max_length=KILL_SWITCH_REASON_MAX)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("enabled") is False and not data.get("reason"):
            self.add_error("reason", "Say why trading may resume.")
        return data
