-- The configuration generation: one number that every change to the configuration a dossier is
-- handled by (procedures and their versions, workflows, bindings, routes, calendars, agencies,
-- administrative units) moves on, in the same transaction. A process caches that configuration
-- under the generation it read; a command reads the generation once and uses the cache only when
-- it matches (src/app/configCache.ts), so nothing cached is older than the command's own snapshot.
CREATE TABLE config_generation (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  n          bigint NOT NULL
);
INSERT INTO config_generation (singleton, n) VALUES (true, 1);

CREATE FUNCTION bump_config_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE config_generation SET n = n + 1;
  RETURN NULL;
END;
$$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['procedure', 'procedure_version', 'workflow_template', 'workflow_binding',
    'deployment_route', 'calendar_year', 'agency_office_hours', 'agency', 'admin_unit']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION bump_config_generation()', t || '_config', t);
  END LOOP;
END;
$$;
