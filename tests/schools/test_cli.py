"""`portal import-schools`: the bundled file by default, all or nothing with a bad file."""

from sqlalchemy import func, select
from typer.testing import CliRunner

from app import cli, schema
from app.db import make_engine
from app.schools.models import School

runner = CliRunner()


def test_import_schools_command(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("PORTAL_DATABASE_URL", url)
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path / "data"))
    schema.upgrade(url)
    bad = tmp_path / "bad.csv"
    bad.write_text("School Code,School Name,Town,Zip,District Name,District Code\n1,A,B,x,D,2\n")
    result = runner.invoke(cli.app, ["import-schools", str(bad)])
    assert result.exit_code == 1
    assert "line 2, Zip" in result.output
    result = runner.invoke(cli.app, ["import-schools"])
    assert result.exit_code == 0, result.output
    assert "Schools: 1861 new" in result.output
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(School)) == 1861
    engine.dispose()
