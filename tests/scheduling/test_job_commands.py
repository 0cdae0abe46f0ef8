"""``sifa worker`` and ``sifa jobs``: the command line of the job system."""

from __future__ import annotations

import json

from tests.support.cli import invoke_sifa, sifa_env


def test_sifa_worker_refuses_the_embedded_broker_with_a_clear_message(
    database_url, tmp_path, plugin_site
) -> None:
    result = invoke_sifa("worker", env=sifa_env(database_url, tmp_path / "data", plugin_site))
    assert result.returncode == 2
    assert "内置消息队列" in result.stderr and "sifa serve" in result.stderr
    assert "SIFA_BROKER_URL" in result.stderr and "Traceback" not in result.stderr


def test_jobs_run_runs_here_with_the_embedded_broker_and_jobs_list_shows_it(
    database_url, tmp_path, plugin_site
) -> None:
    env = sifa_env(database_url, tmp_path / "data", plugin_site)
    ran = invoke_sifa(
        "jobs", "run", "testplugin.count_notes", "--params", '{"prefix": "x"}', env=env
    )
    assert ran.returncode == 0, ran.stderr
    assert "run 1: done" in ran.stdout
    assert json.loads(ran.stdout.strip().splitlines()[-1])["notes"] == 0

    listed = invoke_sifa("jobs", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    lines = {line.split()[0]: line for line in listed.stdout.splitlines() if line[:1].isalpha()}
    assert "last=done" in lines["testplugin.count_notes"]
    assert "(on demand)" in lines["testplugin.count_notes"]
    assert "* * * * *" in lines["testplugin.sweep"] and "next=" in lines["testplugin.sweep"]
    assert "17 3 * * *" in lines["core.prune_job_runs"]
    # one time zone, labelled: the nightly 03:17 job is due at 03:17 China time
    assert "北京时间" in listed.stdout.splitlines()[0]
    assert "03:17 CST" in lines["core.prune_job_runs"]
    assert lines["testplugin.count_notes"].count(" CST") == 1


def test_jobs_run_reports_a_failure_and_an_unknown_job(database_url, tmp_path, plugin_site) -> None:
    env = sifa_env(database_url, tmp_path / "data", plugin_site)
    failed = invoke_sifa(
        "jobs", "run", "testplugin.count_notes", "--params", '{"oops": 1}', env=env
    )
    assert failed.returncode == 1
    assert "run 1: failed" in failed.stdout and "TypeError" in failed.stderr
    unknown = invoke_sifa("jobs", "run", "testplugin.nope", env=env)
    assert unknown.returncode != 0 and "testplugin.nope" in unknown.stderr
    assert "Traceback" not in unknown.stderr
