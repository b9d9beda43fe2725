import { Client } from '@hubspot/api-client';
import ApiDecoratorService from '@hubspot/api-client/lib/src/services/ApiDecoratorService';
import { BudgetDecorator, type DailyReset } from './budget-decorator';
import type { CallBudget } from './call-budget';

type Decorators = ReturnType<Client['getDecorators']>;
interface DecoratorRegistry {
  setDecorators(decorators: Decorators): void;
}

const hasGetInstance = (value: unknown): value is { getInstance(): unknown } =>
  (typeof value === 'function' || (typeof value === 'object' && value !== null)) &&
  'getInstance' in value &&
  typeof value.getInstance === 'function';

/** The library's process-wide decorator registry; Node's ESM loader hands the CommonJS module, not its default export. */
function decoratorRegistry(): DecoratorRegistry {
  const loaded: unknown = ApiDecoratorService;
  const service = hasGetInstance(loaded)
    ? loaded
    : typeof loaded === 'object' && loaded !== null && 'default' in loaded && hasGetInstance(loaded.default)
      ? loaded.default
      : undefined;
  const registry = service?.getInstance();
  const setDecorators =
    typeof registry === 'object' && registry !== null && 'setDecorators' in registry
      ? registry.setDecorators
      : undefined;
  if (typeof setDecorators !== 'function')
    throw new Error('@hubspot/api-client has no ApiDecoratorService: the budgeted client needs it');
  return {
    setDecorators: (decorators) => {
      Reflect.apply(setDecorators, registry, [decorators]);
    },
  };
}

export type HubSpotClientConfig = NonNullable<ConstructorParameters<typeof Client>[0]>;
type RequestOptions = Parameters<Client['apiRequest']>[0];

/**
 * The official client with the portal's shared budgets around every API method. The library keeps its decorators in
 * one process-wide registry that the last client built overwrites, and decorates its APIs when first reached, so this
 * client puts its own decorators back just before its APIs are reached.
 */
export class BudgetedClient extends Client {
  private readonly budgetDecorator: BudgetDecorator | undefined;

  constructor(config: HubSpotClientConfig, budget?: { readonly budget: CallBudget; readonly dailyReset: DailyReset }) {
    super(config);
    this.budgetDecorator = budget ? new BudgetDecorator(budget.budget, budget.dailyReset) : undefined;
    this.init();
  }

  override getDecorators(): Decorators {
    const decorators = super.getDecorators();
    // `init` runs in the parent constructor too, before this class's fields exist.
    return this.budgetDecorator ? [this.budgetDecorator, ...decorators] : decorators;
  }

  protected useOwnDecorators(): void {
    decoratorRegistry().setDecorators(this.getDecorators());
  }

  override get crm() {
    this.useOwnDecorators();
    return super.crm;
  }

  override async apiRequest(options: RequestOptions = {}) {
    this.useOwnDecorators();
    return super.apiRequest(options);
  }
}
