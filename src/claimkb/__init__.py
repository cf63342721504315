"""claimkb: who said what, about whom, on whose authority."""
