"""The participants' side: pages and a JSON API served to phones over the local network."""
