"""Predictive customer lifetime value: BG/NBD for purchase frequency, Gamma-Gamma for spend."""

from orchestration.clv.models import BgNbd, GammaGamma, fit_bg_nbd, fit_gamma_gamma
from orchestration.clv.summary import customer_summary

__all__ = ["BgNbd", "GammaGamma", "customer_summary", "fit_bg_nbd", "fit_gamma_gamma"]
