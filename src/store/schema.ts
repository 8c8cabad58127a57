import type { Generated } from 'kysely';

/** Table shapes for Kysely's typed queries; they mirror the SQL migrations beside this file. */
export interface Schema {
  schema_migration: SchemaMigrationTable;
  admin_unit: AdminUnitTable;
  admin_unit_lineage: AdminUnitLineageTable;
  agency: AgencyTable;
  seed_run: SeedRunTable;
}

export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface AdminUnitTable {
  code: string;
  valid_from: string;
  valid_to: string | null;
  name: string;
  search_name: string;
  level: 'province' | 'commune';
  kind: 'tinh' | 'thanh_pho' | 'xa' | 'phuong' | 'dac_khu';
  parent_code: string | null;
}

export interface AdminUnitLineageTable {
  unit_code: string;
  unit_valid_from: string;
  predecessor_code: string;
  predecessor_name: string;
  merge_type: 'full' | 'partial';
}

export interface AgencyTable {
  code: string;
  name: string;
  search_name: string;
  kind: string;
  parent_code: string | null;
  admin_unit_code: string;
  valid_from: string;
  valid_to: string | null;
}

export interface SeedRunTable {
  name: string;
  checksum: string;
  rows: number;
  applied_at: Generated<Date>;
}
