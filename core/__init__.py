"""Small helpers with no app of their own, at the bottom of the layers: any app
may import them and they import no app."""
