"""Building the site: pages per specialty, cache keys, the build itself and its benchmark."""
