"""Small pieces every app may use: they import Django and libraries, never our apps."""
