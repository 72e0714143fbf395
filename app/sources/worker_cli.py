"""`pantau worker`: run due sources on a schedule until stopped."""

from __future__ import annotations

import click


@click.command("worker")
@click.option("--every", "every_seconds", default=10.0, show_default=True,
              help="seconds between looks for due sources")
@click.option("--health-port", type=int, default=None,
              help="serve Prometheus metrics (and liveness) on 127.0.0.1:PORT/metrics")
@click.option("--once", is_flag=True, help="run what is due now, then exit")
def worker(every_seconds: float, health_port: int | None, once: bool) -> None:
    """Claim due sources and run them; any number of workers can share the database."""
    from app.cli import _factory
    from app.config import get_settings
    from app.sources.adapters import collectors
    from app.sources.worker import Worker

    settings = get_settings()
    factory = _factory()

    def report(result) -> None:  # noqa: ANN001 - a RunResult
        line = (f"{result.source}: {result.status}, {result.pages} pages, "
                f"{result.items_new} new, {result.items_updated} updated")
        click.echo(line + (f" ({result.error})" if result.error else ""), err=True)

    w = Worker(factory, settings, collectors(settings, factory), on_result=report)
    if health_port:
        w.serve_metrics(health_port)
    click.echo(f"worker {w.name} started", err=True)
    if once:
        w.tick()
        return
    w.run_forever(every_seconds)
