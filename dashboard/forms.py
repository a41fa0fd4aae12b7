"""Dashboard forms: the pair list filters, the kill switch, starting a replay (the review form is
similarity.forms.PairReviewForm)."""

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


class ReplayForm(forms.Form):
    """Start a replay (staff): stored books between from and to, or a tape from the tape
    directory; blank budget and slippage cap mean the trading settings."""

    start = forms.DateTimeField(label="from (UTC)", required=False,
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    end = forms.DateTimeField(label="to (UTC)", required=False,
                              widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    latency_ms = forms.IntegerField(label="latency (ms)", min_value=0, initial=250)
    budget = forms.DecimalField(label="budget ($/attempt)", required=False, min_value=0,
                                max_digits=20, decimal_places=6)
    max_slippage = forms.DecimalField(label="max slippage ($)", required=False, min_value=0,
                                      max_value=1, max_digits=12, decimal_places=6)
    pairs = forms.CharField(label="pair ids", required=False, max_length=2000,
                            help_text="comma-separated; blank: approved pairs")
    tape = forms.CharField(label="tape file", required=False, max_length=300,
                           help_text="a file in the tape directory instead of stored books")

    def clean_pairs(self) -> list[int] | None:
        raw = self.cleaned_data.get("pairs", "")
        if not raw.strip():
            return None
        try:
            return [int(p) for p in raw.replace(" ", "").split(",") if p]
        except ValueError:
            raise forms.ValidationError("pair ids are whole numbers, comma-separated") from None

    def request(self) -> dict[str, Any]:
        """The replay request (replay.services.replay_request) of a valid form."""
        data = self.cleaned_data
        return {
            "from": data.get("start"), "to": data.get("end"), "pairs": data.get("pairs"),
            "budget": data.get("budget"), "max_slippage": data.get("max_slippage"),
            "latency_ms": data["latency_ms"], "tape": data.get("tape") or "",
        }
