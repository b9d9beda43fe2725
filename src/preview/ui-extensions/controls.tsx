import { useId, type MouseEvent, type ReactNode } from 'react';
import type { ButtonProps, InputProps, SelectProps } from '@hubspot/ui-extensions';
import { classNames, testIdAttribute } from './class-names';

// The preview has no panels or modals to open; a card that asks for one simply gets nothing.
const noReactions = {
  openPanel: () => undefined,
  closePanel: () => undefined,
  openModal: () => undefined,
  closeModal: () => undefined,
};

const sizeNames = { xs: 'xs', 'extra-small': 'xs', sm: 'sm', small: 'sm', md: 'md', medium: 'md' } as const;

export function Button({
  variant = 'secondary',
  size = 'md',
  type = 'button',
  disabled,
  href,
  onClick,
  children,
  testId,
}: ButtonProps) {
  const className = classNames('hs-button', `hs-button-${variant}`, `hs-button-${sizeNames[size]}`);
  if (href !== undefined) {
    const url = typeof href === 'string' ? href : href.url;
    return (
      <a className={className} href={url} target="_blank" rel="noreferrer" {...testIdAttribute(testId)}>
        {children}
      </a>
    );
  }
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    const extensionEvent = { type: event.type, bubbles: event.bubbles, timeStamp: event.timeStamp, id: testId ?? '' };
    void onClick?.(extensionEvent, noReactions);
  };
  return (
    <button className={className} type={type} disabled={disabled} onClick={handleClick} {...testIdAttribute(testId)}>
      {children}
    </button>
  );
}

function FieldFrame({
  id,
  label,
  description,
  validationMessage,
  error,
  required,
  children,
}: {
  readonly id: string;
  readonly label: string | undefined;
  readonly description: string | undefined;
  readonly validationMessage: string | undefined;
  readonly error: boolean | undefined;
  readonly required: boolean | undefined;
  readonly children: ReactNode;
}) {
  return (
    <div className={classNames('hs-field', error && 'hs-field-error')}>
      {label ? (
        <label className="hs-field-label" htmlFor={id}>
          {label}
          {required ? <span className="hs-required"> *</span> : null}
        </label>
      ) : null}
      {description ? <p className="hs-field-description">{description}</p> : null}
      {children}
      {validationMessage ? <p className="hs-field-message">{validationMessage}</p> : null}
    </div>
  );
}

export function Select({
  label,
  name,
  value,
  options,
  placeholder,
  readOnly,
  required,
  description,
  validationMessage,
  error,
  onChange,
  onInput,
  testId,
}: SelectProps) {
  const id = useId();
  const selectedIndex = options.findIndex((option) => option.value === value);
  return (
    <FieldFrame
      id={id}
      label={label}
      description={description}
      validationMessage={validationMessage}
      error={error}
      required={required}
    >
      <select
        id={id}
        name={name}
        className="hs-input hs-select"
        disabled={readOnly}
        value={selectedIndex === -1 ? '' : String(selectedIndex)}
        onChange={(event) => {
          const option = options[Number(event.target.value)];
          if (!option) return;
          onInput?.(String(option.value));
          onChange?.(option.value);
        }}
        {...testIdAttribute(testId)}
      >
        {selectedIndex === -1 ? <option value="">{placeholder ?? 'Select'}</option> : null}
        {options.map((option, index) => (
          <option key={String(option.value)} value={String(index)}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

// HubSpot commits an Input's value on blur; the preview commits on every keystroke so a controlled value never lags.
export function Input({
  label,
  name,
  value,
  placeholder,
  readOnly,
  required,
  description,
  validationMessage,
  error,
  type = 'text',
  onChange,
  onInput,
  onBlur,
  onFocus,
  testId,
}: InputProps) {
  const id = useId();
  return (
    <FieldFrame
      id={id}
      label={label}
      description={description}
      validationMessage={validationMessage}
      error={error}
      required={required}
    >
      <input
        id={id}
        name={name}
        type={type}
        className="hs-input"
        value={value ?? ''}
        placeholder={placeholder}
        readOnly={readOnly}
        onChange={(event) => {
          onInput?.(event.target.value);
          onChange?.(event.target.value);
        }}
        onBlur={(event) => onBlur?.(event.target.value)}
        onFocus={(event) => onFocus?.(event.target.value)}
        {...testIdAttribute(testId)}
      />
    </FieldFrame>
  );
}
