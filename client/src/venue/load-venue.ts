import type { VenueGeometry } from '../../../shared/venue';
import { requestJson } from '../api/http';
import { useAsync, type AsyncState } from '../api/use-async';
import { buildVenueModel, type VenueModel } from './venue-model';

const models = new Map<string, Promise<VenueModel>>();

/** Geometry lives under its content hash (cacheable forever); one model per URL per page load. */
export function loadVenueModel(geometryUrl: string): Promise<VenueModel> {
  let model = models.get(geometryUrl);
  if (!model) {
    model = requestJson<VenueGeometry>(geometryUrl, { timeoutMs: 60_000 }).then(buildVenueModel);
    model.catch(() => models.delete(geometryUrl));
    models.set(geometryUrl, model);
  }
  return model;
}

export function useVenueModel(
  geometryUrl: string | undefined,
): [AsyncState<VenueModel | undefined>, () => void] {
  return useAsync(async () => (geometryUrl ? loadVenueModel(geometryUrl) : undefined), [geometryUrl]);
}
