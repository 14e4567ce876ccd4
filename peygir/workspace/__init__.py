"""The staff's own pages: overview, weekly list, trips, resolutions, my assignments."""
