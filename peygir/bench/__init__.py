"""Scale: `peygir generate` makes realistic synthetic data; `peygir bench` measures speed."""
