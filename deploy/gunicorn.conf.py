"""gunicorn's settings for the service (docs/operations.md), read with `-c deploy/gunicorn.conf.py`.

One instance per port: the systemd unit intl@.service starts `intl@8001`, `intl@8002` ...,
each binding its own port on loopback. The port comes from the environment (PORT); the
number of workers from WEB_CONCURRENCY, which the application's `check --deploy` reads too.
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# The release directory the instance started in (WorkingDirectory /srv/intl/current, resolved),
# kept in the master's environment: a reload (HUP) renews the workers from the same release as
# the interpreter that runs them, even after `current` has moved on (gunicorn would otherwise
# follow the link when it inherited PWD=/srv/intl/current). Only a restart changes release.
os.environ.setdefault("INTL_RELEASE_DIRECTORY", os.path.realpath(os.getcwd()))
chdir = os.environ["INTL_RELEASE_DIRECTORY"]
# The same default as the settings' WEB_CONCURRENCY (1), so that `check --deploy` judges the
# number of workers gunicorn really starts (several need a shared cache, vimmerby_intl.E003);
# deploy/env.example sets 2 together with REDIS_URL.
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
# The yearly report's PDF takes up to a minute for a large year (docs/performance.md).
timeout = 120
# On stop or restart, requests being served get this long to finish.
graceful_timeout = 30
# Logs: JSON lines on stderr (journald keeps them), access log included, probes left out.
logger_class = "vimmerby_intl.logs.GunicornLogger"
accesslog = "-"
errorlog = "-"
# Several instances run on one host; gunicorn's control socket would be shared between them.
# The service is managed through systemd and signals (HUP reloads), not gunicornc.
control_socket_disable = True
# Files the service writes (uploads, backups) are not readable by other accounts.
umask = 0o027
# Requests are not kept waiting behind a slow client: nginx buffers them.
forwarded_allow_ips = "127.0.0.1"
