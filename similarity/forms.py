from typing import Any

from django import forms

from similarity.models import REVIEW_REASON_MAX, MarketPair

__all__ = ["REVIEW_REASON_MAX", "PairReviewForm"]


class PairReviewForm(forms.Form):
    """A reviewer's verdict: approve with relation and orientation, or reject; a reason either way."""

    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    relation = forms.ChoiceField(choices=MarketPair.Relation.choices, initial=MarketPair.Relation.IDENTICAL)
    orientation = forms.ChoiceField(choices=MarketPair.Orientation.choices, initial=MarketPair.Orientation.SAME)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=REVIEW_REASON_MAX
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not data.get("reason"):
            self.add_error("reason", "Say why the pair is rejected.")
        if data.get("decision") == "approve" and data.get("relation") == MarketPair.Relation.DIFFERENT:
            self.add_error("relation", "A pair judged 'different' must be rejected.")
        return data
