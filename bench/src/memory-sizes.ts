/**
 * Lambda memory sizes as the command line gives them. AWS accepts whole megabytes from 128 to
 * 10,240 ("in 1-MB increments": https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html);
 * anything else is refused with the reason, never rounded or dropped silently.
 */
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10240;

export function parseMemorySizes(value: string | undefined, flag = '--memory'): number[] {
  const items = (value ?? '').split(',').map((s) => s.trim());
  if (!items.some(Boolean)) throw new Error(`${flag} needs a comma-separated list of memory sizes in MB (whole numbers in 128..10240), e.g. ${flag} 128,512,1769`);
  const sizes: number[] = [];
  for (const item of items) {
    if (!item) throw new Error(`${flag} "${value}": an empty entry in the list`);
    const mb = Number(item);
    if (!Number.isFinite(mb)) throw new Error(`${flag} "${item}" is not a number: memory sizes are whole megabytes in 128..10240`);
    if (!Number.isInteger(mb)) throw new Error(`${flag} ${item}: Lambda memory sizes are whole megabytes (128..10240 MB), not fractions`);
    if (mb < MIN_MEMORY_MB || mb > MAX_MEMORY_MB) throw new Error(`${flag} ${item}: memory sizes must be 128..10240 MB (Lambda's range)`);
    if (sizes.includes(mb)) throw new Error(`${flag}: ${mb} MB is listed twice`);
    sizes.push(mb);
  }
  return sizes;
}
