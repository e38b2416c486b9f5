-- Run once by the postgres image on its first start (compose.yaml mounts this folder as /docker-entrypoint-initdb.d):
-- Hangfire's storage (ConnectionStrings__Jobs) in its own database beside the results (nasbench_lab, POSTGRES_DB).
CREATE DATABASE nasbench_jobs OWNER nasbench;
