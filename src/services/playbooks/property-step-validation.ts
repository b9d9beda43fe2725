import type { Client } from '@hubspot/api-client';
import type { PlaybookDefinition } from '../../domain/playbooks/playbook-schema';
import { propertyStepProblem } from '../../domain/playbooks/property-step-check';
import { readCompanyPropertyFacts } from '../../hubspot/properties/company-property-facts';
import { ServiceError, type FieldProblem } from '../service-error';

/**
 * Refuses a playbook whose property steps HubSpot would refuse on every run (an unknown or read-only property, a
 * value of the wrong form), checked against the portal's own property definitions when it is saved.
 */
export async function checkPropertySteps(
  definition: PlaybookDefinition,
  clientOf: () => Promise<Client>,
): Promise<void> {
  const steps = definition.steps.flatMap((step, position) =>
    step.kind === 'company_property' ? [{ step, position }] : [],
  );
  if (steps.length === 0) return;
  let properties;
  try {
    properties = await readCompanyPropertyFacts(await clientOf());
  } catch (error) {
    throw new ServiceError(
      'upstream_failed',
      "The playbook was not saved: HubSpot did not list the portal's company properties, which its property steps are checked against. Try again.",
      { cause: error instanceof Error ? error.message : String(error) },
    );
  }
  const problems: FieldProblem[] = steps.flatMap(({ step, position }) => {
    const problem = propertyStepProblem(properties.get(step.property), step.property, step.value);
    return problem === null ? [] : [{ field: `steps.${position}.${problem.field}`, message: problem.message }];
  });
  if (problems.length > 0) {
    const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    throw new ServiceError('validation_failed', `Invalid playbook: ${summary}`, { fields: problems });
  }
}
