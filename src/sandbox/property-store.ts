import { defaultProperties, defaultPropertyGroups } from './default-properties';
import { HubSpotError, validationError } from './errors';
import { objectTypeInfo, objectTypeSchema, type ObjectType } from './object-types';
import type {
  PropertyCreate,
  PropertyDefinition,
  PropertyGroup,
  PropertyGroupCreate,
  PropertyGroupUpdate,
  PropertyUpdate,
} from './property-schemas';
import { invalidValues, normalizeValue, type InvalidValue } from './property-values';
import { defaultDealPipeline, invalidReferences, type ReferenceSource } from './reference-values';

export type PropertyValueInput = string | number | boolean | null;

function byType<Value>(
  make: (type: ObjectType) => Value[],
  key: (value: Value) => string,
): Map<ObjectType, Map<string, Value>> {
  return new Map(
    objectTypeSchema.options.map((type) => [type, new Map(make(type).map((value) => [key(value), value]))]),
  );
}

/** Property definitions and groups per object type, and the validation of values written to records. */
// HubSpot's table of the field types each property type takes (properties guide, "Property type and fieldType values").
const fieldTypesOf: Record<PropertyDefinition['type'], readonly PropertyDefinition['fieldType'][]> = {
  bool: ['booleancheckbox'],
  enumeration: ['booleancheckbox', 'checkbox', 'radio', 'select', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  string: ['file', 'text', 'textarea', 'calculation_equation', 'html', 'phonenumber'],
  number: ['number', 'calculation_equation'],
  phone_number: ['phonenumber'],
};

function assertFieldTypeFits(type: PropertyDefinition['type'], fieldType: PropertyDefinition['fieldType']): void {
  if (!fieldTypesOf[type].includes(fieldType))
    throw validationError(
      `Invalid fieldType ${fieldType} for a property of type ${type}: use one of ${fieldTypesOf[type].join(', ')}`,
      { context: { fieldType: [fieldType] } },
    );
}

export class PropertyStore {
  private readonly definitions = byType(defaultProperties, (definition) => definition.name);
  private readonly groups = byType(defaultPropertyGroups, (group) => group.name);

  constructor(
    private readonly now: () => number,
    private readonly references?: ReferenceSource,
  ) {}

  private definitionsOf(type: ObjectType): Map<string, PropertyDefinition> {
    const definitions = this.definitions.get(type);
    if (!definitions) throw new Error(`no property definitions for ${type}`);
    return definitions;
  }

  private groupsOf(type: ObjectType): Map<string, PropertyGroup> {
    const groups = this.groups.get(type);
    if (!groups) throw new Error(`no property groups for ${type}`);
    return groups;
  }

  list(type: ObjectType, archived = false): PropertyDefinition[] {
    return [...this.definitionsOf(type).values()].filter((definition) => definition.archived === archived);
  }

  get(type: ObjectType, name: string, archived = false): PropertyDefinition | undefined {
    const definition = this.definitionsOf(type).get(name);
    return definition && definition.archived === archived ? definition : undefined;
  }

  require(type: ObjectType, name: string): PropertyDefinition {
    const definition = this.get(type, name);
    if (!definition) {
      throw new HubSpotError(
        404,
        'OBJECT_NOT_FOUND',
        `Unable to find property ${name} for object type ${objectTypeInfo[type].errorName}`,
        {
          context: { name: [name] },
        },
      );
    }
    return definition;
  }

  create(type: ObjectType, input: PropertyCreate): PropertyDefinition {
    assertFieldTypeFits(input.type, input.fieldType);
    const existing = this.definitionsOf(type).get(input.name);
    if (existing && !existing.archived) {
      throw new HubSpotError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${input.name}' already exists.`, {
        context: { name: [input.name] },
        subCategory: 'PropertyValidationError.PROPERTY_EXISTS',
      });
    }
    this.requireGroup(type, input.groupName);
    const instant = new Date(this.now()).toISOString();
    const definition: PropertyDefinition = {
      ...input,
      calculated: false,
      hubspotDefined: false,
      modificationMetadata: {
        archivable: true,
        readOnlyDefinition: false,
        readOnlyValue: false,
        readOnlyOptions: false,
      },
      createdAt: instant,
      updatedAt: instant,
      archived: false,
    };
    this.definitionsOf(type).set(input.name, definition);
    return definition;
  }

  update(type: ObjectType, name: string, patch: PropertyUpdate): PropertyDefinition {
    const definition = this.require(type, name);
    if (definition.modificationMetadata.readOnlyDefinition) {
      throw validationError(`Property ${name} is a HubSpot-defined property and its definition cannot be changed.`);
    }
    if (patch.groupName) this.requireGroup(type, patch.groupName);
    assertFieldTypeFits(patch.type ?? definition.type, patch.fieldType ?? definition.fieldType);
    Object.assign(definition, patch, { updatedAt: new Date(this.now()).toISOString() });
    return definition;
  }

  archive(type: ObjectType, name: string): void {
    const definition = this.require(type, name);
    if (!definition.modificationMetadata.archivable) throw validationError(`Property ${name} cannot be archived.`);
    Object.assign(definition, { archived: true, archivedAt: new Date(this.now()).toISOString() });
  }

  listGroups(type: ObjectType): PropertyGroup[] {
    return [...this.groupsOf(type).values()].filter((group) => !group.archived);
  }

  requireGroup(type: ObjectType, name: string): PropertyGroup {
    const group = this.groupsOf(type).get(name);
    if (!group || group.archived) {
      throw new HubSpotError(
        404,
        'OBJECT_NOT_FOUND',
        `Unable to find property group ${name} for object type ${objectTypeInfo[type].errorName}`,
        {
          context: { groupName: [name] },
        },
      );
    }
    return group;
  }

  createGroup(type: ObjectType, input: PropertyGroupCreate): PropertyGroup {
    const existing = this.groupsOf(type).get(input.name);
    if (existing && !existing.archived) {
      throw new HubSpotError(409, 'OBJECT_ALREADY_EXISTS', `Property group named '${input.name}' already exists.`, {
        context: { name: [input.name] },
      });
    }
    const group: PropertyGroup = { ...input, archived: false };
    this.groupsOf(type).set(input.name, group);
    return group;
  }

  updateGroup(type: ObjectType, name: string, patch: PropertyGroupUpdate): PropertyGroup {
    return Object.assign(this.requireGroup(type, name), patch);
  }

  archiveGroup(type: ObjectType, name: string): void {
    this.requireGroup(type, name).archived = true;
  }

  /**
   * Checks and normalizes values written to records, failing the whole write like HubSpot does.
   * `trusted` writes (fixtures, server-managed fields) may set read-only properties. `current` holds the record's
   * values on an update; without it the write is a create, and a deal stage without a pipeline lands in the default one.
   */
  normalizeValues(
    type: ObjectType,
    values: Record<string, PropertyValueInput>,
    trusted = false,
    current?: Record<string, string | null>,
  ): Record<string, string | null> {
    const normalized: Record<string, string | null> = {};
    const problems: InvalidValue[] = [];
    for (const [name, raw] of Object.entries(values)) {
      const definition = this.get(type, name);
      const problem = invalidValues(name, raw, definition, trusted);
      if (problem) problems.push(problem);
      else if (definition) normalized[name] = normalizeValue(raw, definition);
    }
    if (type === 'deals' && current === undefined && normalized.dealstage && !normalized.pipeline && this.references) {
      const pipeline = defaultDealPipeline(this.references.dealPipelines());
      if (pipeline) normalized.pipeline = pipeline.id;
    }
    if (problems.length === 0 && this.references) {
      problems.push(...invalidReferences(type, normalized, (name) => this.get(type, name), this.references, current));
    }
    if (problems.length > 0) {
      throw validationError(`Property values were not valid: ${JSON.stringify(problems)}`, {
        errors: problems.map((problem) => ({
          message: problem.message,
          code: problem.error,
          context: { propertyName: [problem.name] },
        })),
      });
    }
    return normalized;
  }
}
