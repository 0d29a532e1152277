"""`manage.py load_vimmerby`: the command's earlier name, kept as an alias of load_municipality.

Deployments' own scripts and cron jobs may still call it. It takes the same options and does
exactly the same; new scripts call `load_municipality`.
"""

from municipality.management.commands import load_municipality


class Command(load_municipality.Command):
    help = f"Alias of load_municipality. {load_municipality.Command.help}"
