"""The `portal` command: thin wrappers over the same services the web pages use."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app import demo, schema
from app.accounts import service as account_service
from app.accounts.actor import SYSTEM
from app.accounts.models import Organization, Role
from app.config import ConfigError, Settings, load_settings
from app.db import make_engine, make_session_factory
from app.errors import DomainError
from app.notifications import service as notifications

app = typer.Typer(help="Priority Partners portal.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console()
err = Console(stderr=True)


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        # One plain line, never wrapped, so logs and terminals show the setting and the reason together.
        print(f"Configuration error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None


@contextmanager
def _transaction(settings: Settings) -> Iterator[Session]:
    """One transaction for the whole command: it succeeds or changes nothing."""
    engine = make_engine(settings.resolved_database_url)
    factory = make_session_factory(engine)
    try:
        with factory.begin() as session:
            yield session
    finally:
        engine.dispose()


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
) -> None:
    """Serve the portal with uvicorn."""
    import uvicorn

    settings = _settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    console.print(f"Serving the portal on http://{host}:{port}  (database: {_redacted(settings)})")
    uvicorn.run(
        "app.main:create_app", factory=True, host=host, port=port, workers=workers, proxy_headers=True
    )


def _redacted(settings: Settings) -> str:
    url = settings.resolved_database_url
    if "@" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    settings = _settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    schema.upgrade(settings.resolved_database_url, revision)
    console.print(f"Database at {revision}.")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="Target revision, or 'base' for empty.")) -> None:
    """Undo migrations down to REVISION."""
    schema.downgrade(_settings().resolved_database_url, revision)
    console.print(f"Database at {revision}.")


@db_app.command("current")
def db_current() -> None:
    """Show the database's migration revision and the newest one."""
    settings = _settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        console.print(f"current: {schema.current_revision(engine)}  head: {schema.head_revision()}")
    finally:
        engine.dispose()


@db_app.command("diff")
def db_diff() -> None:
    """Print the operations the models need beyond this database: a start for a new migration."""
    print(schema.pending_operations(_settings().resolved_database_url))


@app.command("demo-data")
def demo_data(reset: bool = typer.Option(False, "--reset", help="Empty the database first.")) -> None:
    """Load fictional demonstration data (once; --reset starts over)."""
    settings = _settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.resolved_database_url
    if reset:
        schema.downgrade(url, "base")
    schema.upgrade(url)
    with _transaction(settings) as session:
        if demo.already_loaded(session):
            path = settings.data_dir / demo.ACCOUNTS_FILE
            console.print(f"Demo data is already loaded. Sign-ins: {path}")
            return
        accounts = demo.load(session)
    path = demo.write_accounts_file(settings.data_dir, accounts)
    console.print("Demo data loaded. Demo sign-ins (also in " + str(path) + "):")
    for account in accounts:
        print(f"  {account.role.value:16} {account.email:45} {account.password}")


@app.command()
def check() -> None:
    """Check settings, the database connection and that migrations are at head."""
    settings = _settings()
    console.print(f"settings: ok (env={settings.env}, data dir={settings.data_dir})")
    engine = make_engine(settings.resolved_database_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current, head = schema.current_revision(engine), schema.head_revision()
    except SQLAlchemyError as exc:
        err.print(f"[red]database: unreachable[/red] ({type(exc).__name__}: {str(exc).splitlines()[0]})")
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    console.print(f"database: ok ({_redacted(settings)})")
    if current != head:
        err.print(f"[red]migrations: at {current}, newest is {head}[/red]; run `portal db upgrade`")
        raise typer.Exit(1)
    console.print(f"migrations: ok (at {head})")


@app.command("create-user")
def create_user(
    email: str = typer.Option(..., help="Sign-in email."),
    full_name: str = typer.Option(..., "--name", help="Full name."),
    role: Role = typer.Option(..., help="Role."),
    organization_id: int = typer.Option(..., "--organization", help="Organization id."),
    invite: bool = typer.Option(False, "--invite", help="Email an invitation instead of reading a password."),
) -> None:
    """Create a user. The password is read from standard input, or an invitation is emailed."""
    from app.accounts.schemas import InvitationForm

    settings = _settings()
    try:
        with _transaction(settings) as session:
            organization = session.get(Organization, organization_id)
            if organization is None:
                raise DomainError(f"No organization has id {organization_id}.")
            if invite:
                form = InvitationForm(
                    email=email, full_name=full_name, role=role, organization_id=organization_id
                )
                account_service.user_invite(
                    session=session, form=form, actor=SYSTEM, base_url=str(settings.base_url).rstrip("/")
                )
                console.print(f"Invitation queued for {email}.")
                return
            password = sys.stdin.readline().rstrip("\n")
            account_service.user_create(
                session=session,
                email=email,
                full_name=full_name,
                role=role,
                organization=organization,
                password=password,
                actor=SYSTEM,
            )
    except DomainError as exc:
        detail = "; ".join(exc.field_errors.values()) or exc.message
        err.print(f"[red]Not created:[/red] {detail}")
        raise typer.Exit(1) from None
    console.print(f"Created {email}.")


@app.command("send-mail")
def send_mail() -> None:
    """Send the email waiting in the outbox (the server also does this every 30 seconds)."""
    settings = _settings()
    if not settings.smtp_url:
        console.print("PORTAL_SMTP_URL is not set: messages stay in the outbox.")
        return
    engine = make_engine(settings.resolved_database_url)
    try:
        sent, failed = notifications.outbox_deliver(
            session_factory=make_session_factory(engine),
            smtp_url=settings.smtp_url,
            sender=settings.mail_from,
        )
    finally:
        engine.dispose()
    console.print(f"Sent {sent}, failed {failed} (failures are retried later).")


@app.command("import-schools")
def import_schools(
    path: str = typer.Argument("", help="A school directory CSV (default: the bundled 2017 file)."),
) -> None:
    """Import or update districts and schools from the state's school directory (all or nothing)."""
    from pathlib import Path

    from app.schools import service as school_service
    from app.schools.csv_import import ImportRejected

    source = Path(path) if path else school_service.BUNDLED_CSV
    if not source.is_file():
        err.print(f"[red]No such file:[/red] {source}")
        raise typer.Exit(2)
    settings = _settings()
    try:
        with _transaction(settings) as session:
            rows = school_service.read_school_csv(source.read_bytes())
            report = school_service.schools_import(session=session, rows=rows, actor=SYSTEM)
    except ImportRejected as exc:
        err.print(f"[red]{exc.message}[/red]")
        for problem in exc.problems[:200]:
            err.print(f"  line {problem.row}, {problem.column}: {problem.message}")
        raise typer.Exit(1) from None
    console.print(
        f"Districts: {report.districts_created} new, {report.districts_updated} updated. "
        f"Schools: {report.schools_created} new, {report.schools_updated} updated, "
        f"{report.schools_unchanged} unchanged."
    )


@app.command("send-reminders")
def send_reminders() -> None:
    """Queue designation expiry reminders (90 and 30 days); safe to run repeatedly, from any host."""
    from app.reviews import service as review_service

    settings = _settings()
    with _transaction(settings) as session:
        queued = review_service.reminders_send(session=session)
    console.print(f"Queued {queued} reminders (reminders already sent are not sent again).")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
