"""Gunicorn for the web process: `gunicorn -c gunicorn.conf.py kairos_learning.wsgi`.

Read from the environment (docs/deploy.md):
  PORT             port to listen on (default 8000), on every interface;
  GUNICORN_BIND    or a full address instead, e.g. 127.0.0.1:8001;
  WEB_CONCURRENCY  worker processes (default 2 x cores + 1, at most 8);
  GUNICORN_THREADS threads per worker (default 1);
  GUNICORN_TIMEOUT seconds a request may take before its worker is replaced.
Each worker holds one PostgreSQL connection per thread (CONN_MAX_AGE).
"""

import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "kairos_learning.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"]

workers = _int("WEB_CONCURRENCY", min(2 * _cores() + 1, 8))
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy or a scale-down) workers finish the requests they hold.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Replace each worker after about a thousand requests: memory stays flat.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max(max_requests // 10, 0)
# The heartbeat file on a RAM disk: a slow disk cannot stall the workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Gunicorn 25+ opens a control socket at one path per user by default, which two
# servers on one host would fight over; run_daily and deploys do not use it.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
# X-Forwarded-* headers are read by Django (SECURE_PROXY_SSL_HEADER,
# TRUSTED_PROXY_COUNT), from the proxy the platform puts in front.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs: JSON lines on stdout, like the application's.
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "kairos_learning.logging.JsonFormatter"},
        "access": {"()": "kairos_learning.logging.AccessJsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {
            "level": "INFO",
            "handlers": ["console"],
            "propagate": False,
        },
        "gunicorn.access": {
            "level": os.environ.get("GUNICORN_ACCESS_LOG_LEVEL", "INFO"),
            "handlers": ["access"],
            "propagate": False,
        },
    },
}
