"""Dashboard forms: the pair list filters (the review form is similarity.forms.PairReviewForm)."""

from django import forms

from platforms.registry import VENUES
from similarity.models import MarketPair


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
